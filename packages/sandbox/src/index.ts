export { startSandbox, type SandboxOptions, type RunningSandbox } from './sandbox.js';
export type { SandboxContext } from './context.js';
export type { Delivery, InboxQuery } from './state/inbox.js';
export type { Device, ApnsDevice, FcmDevice, WebPushSubscription, Service } from './state/devices.js';
export type { FaultRule } from './state/faults.js';
export { FILES, type Credentials, type Manifest, type ServiceAccount } from './credentials/credentials.js';
export { SandboxClient } from './admin/admin-client.js';
export { createCertificateAuthority, issueServerCertificate, type KeyAndCert } from './credentials/certificates.js';
