// The start-up floor's module: as tiny as a module can be.
export const floor = true;
