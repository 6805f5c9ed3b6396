// Free names the README's short examples use without declaring them, as a reader would have them.
import type { BatchClient } from 'soracom-batch';

declare global {
  const batch: BatchClient;
  const batch_group_id: string;
  const job_id: string;
  const groupId: string;
  const simId: string;
  const simIds: string[];
  const vpgId: string;
  const apiKey: string;
  const token: string;
}

// Free names the API reference's examples (TSDoc `@example` blocks in src/) use, checked by test/docs/api-docs.test.ts.
import type { BatchEmulator } from 'soracom-batch/testing';

declare global {
  const emulator: BatchEmulator;
  const authKeyId: string;
  const authKey: string;
  const password: string;
}
