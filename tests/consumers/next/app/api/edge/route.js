// A route handler on the edge runtime (Next.js reads these exports from this file).
import { fixedKeyRun } from '../fixed-key-run';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

export function GET() {
  return fixedKeyRun('edge');
}
