// The port-forward model: what the user (or an importer) describes, and the fully-defaulted,
// validated ForwardSpec the engine runs. Pure: no I/O, no Node, no DOM. Split by job; this file
// offers it as one module.
export * from './kubeNames';
export * from './labelSelector';
export * from './forwardBounds';
export * from './forwardTarget';
export * from './forwardAddresses';
export * from './forwardPolicies';
export * from './forwardSpec';
export * from './forwardValidation';
