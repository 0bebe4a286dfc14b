import { type InputHTMLAttributes, useState } from "react";
import { formatBytes } from "~/utils/format";
import { FileUp } from "./icons";

/**
 * The styled place to drop or choose a file (docs/design-system.md). The real `<input type="file">` lies over the
 * whole zone, transparent: a click anywhere opens the file chooser, a file dropped anywhere lands in it, Tab reaches
 * it and Space or Enter opens it, and without JavaScript it is still a plain file input. With JavaScript the zone
 * shows the chosen file's name and size.
 */
export function DropZone({
  id,
  label,
  hint,
  ...input
}: {
  id: string;
  /** Says what to drop: "Drop the file here or choose one". */
  label: string;
  /** What is accepted, under the label. */
  hint: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "id">) {
  const [chosen, setChosen] = useState<{ name: string; size: number } | null>(null);
  const [over, setOver] = useState(false);
  return (
    <div className={`drop-zone${over ? " drop-zone-over" : ""}${chosen ? " drop-zone-chosen" : ""}`}>
      <FileUp className="drop-zone-icon" aria-hidden="true" focusable="false" />
      <span className="drop-zone-label" aria-hidden="true">
        {chosen ? chosen.name : label}
      </span>
      <span className="drop-zone-hint" aria-hidden="true">
        {chosen ? `${formatBytes(chosen.size)} · choose another to replace it` : hint}
      </span>
      <input
        {...input}
        id={id}
        type="file"
        onDragEnter={() => setOver(true)}
        onDragLeave={() => setOver(false)}
        onDrop={() => setOver(false)}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          setChosen(file ? { name: file.name, size: file.size } : null);
          input.onChange?.(event);
        }}
      />
    </div>
  );
}
