export function newestSource(root: string): number;
export function bundleIsFresh(root: string): boolean;
