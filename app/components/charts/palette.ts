// The charts' colours, apart from recharts: the comparison draws its legends in HTML with the page (so that a legend
// never takes room from the bars in a narrow box, and is there before the charts' code arrives).

/** Eight hues that stay apart for the common colour-vision deficiencies and stand out on white. */
export const PALETTE = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#7B3F9E",
  "#A6761D",
  "#1F2937",
  "#C2185B",
  "#4B6478",
];
