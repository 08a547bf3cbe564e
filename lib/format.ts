// Display formatting shared by pages. Pure.

/** 30 -> "30 min", 120 -> "2 h", 2880 -> "2 days". */
export function formatMinutes(minutes: number): string {
  if (minutes % (24 * 60) === 0) {
    const days = minutes / (24 * 60);
    return days === 1 ? "24 h" : `${days} days`;
  }
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  if (minutes > 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${minutes} min`;
}

/** "just now", "5 min ago", "3 h ago", or the date for older times. */
export function formatAgo(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return "just now";
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return formatDateTime(iso);
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}

/** "state_management" -> "State management". */
export function humanize(snake: string): string {
  const text = snake.replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
