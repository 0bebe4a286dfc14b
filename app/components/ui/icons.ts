// The interface's icons: lucide-react (ISC licence, one consistent 24 px stroke set), each imported by name so the
// bundle keeps only these (docs/design-system.md). Add an icon here, never import lucide-react elsewhere: the list is
// the set, and the styleguide shows it.
export {
  AlertTriangle,
  Bell,
  Check,
  CheckCircle2,
  ChevronRight,
  CircleDashed,
  Clock,
  FileCheck2,
  FileText,
  FileUp,
  Inbox,
  ListChecks,
  Lock,
  type LucideIcon,
  Scale,
  ScanSearch,
  ShieldCheck,
  Sparkles,
  Upload,
  Users,
  XCircle,
} from "lucide-react";
