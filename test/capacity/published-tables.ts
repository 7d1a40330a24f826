import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** AWS's published eni-max-pods tables (amazon-eks-ami and amazon-vpc-cni-k8s), kept verbatim under test/fixtures. */
export const PUBLISHED_TABLES = ['eni-max-pods.eks-ami.txt', 'eni-max-pods.vpc-cni.txt'];

/** Parse one published table into [instance type, max pods] rows. */
export function readPublishedTable(file: string): Array<[string, number]> {
  return readFileSync(path.join(__dirname, '..', 'fixtures', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [instanceType, maxPods] = line.trim().split(/\s+/);
      return [instanceType, Number(maxPods)];
    });
}
