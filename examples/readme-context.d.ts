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
