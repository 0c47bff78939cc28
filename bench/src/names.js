// Contender names that bench/run.mjs (node) and the page (contenders.js) share.
export const FLOOR = 'floor: read + UTF-8 decode + JSON.parse, no framing';
export const STORE = 'chat store (createAgentChat) over runAgent';
