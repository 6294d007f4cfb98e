export { createWizardService, type WizardApiImpl, type WizardServiceDeps, type CertBackend, type AzureBackend, type LiveBackend, type HostIntegration } from './service.ts';
export { ApiError, NotAvailableError, publicMessage } from './errors.ts';
export { MemorySecretStore, EncryptedFileSecretStore, type SecretStore, type SecretProtector } from './secrets.ts';
export { ProjectStore } from './projects.ts';
export { browserModeDataDir } from './data-dir.ts';
export { OperationHub, type OpContext } from './operations.ts';
export { writeFileAtomic } from './atomic.ts';
