// A route handler on the nodejs runtime (Next.js reads these exports from this file).
import { fixedKeyRun } from '../fixed-key-run';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET() {
  return fixedKeyRun('nodejs');
}
