import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, AppProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parse } from 'yaml';
import { MimePart, parseMimeMultipart } from '../lib/bootstrap/mime';

/**
 * An app for unit tests: stack traces off, and one output directory per jest worker inside the run's scratch
 * directory (test/global-setup.ts), so the assets every cluster stages (the 35 MB kubectl layer) are copied once per
 * worker, two test runs on one machine never share a directory, and the run removes what it wrote.
 */
export function testApp(props: AppProps = {}): App {
  return new App({ stackTraces: false, outdir: workerOutdir(), ...props });
}

/** This worker's output directory: under the run's scratch directory, or a fresh one outside jest's global setup. */
function workerOutdir(): string {
  const run = process.env.NETKIT_TEST_OUTDIR;
  if (!run) return mkdtempSync(path.join(tmpdir(), 'cdk-eks-netkit-test-'));
  return path.join(run, `worker-${process.env.JEST_WORKER_ID ?? '0'}`);
}

/** The user data of every launch template in a template, as MIME parts. */
export function launchTemplateUserData(template: Template): MimePart[][] {
  return Object.values(template.findResources('AWS::EC2::LaunchTemplate')).map((lt) => {
    const userData = lt.Properties.LaunchTemplateData.UserData;
    const text =
      typeof userData === 'string' ? Buffer.from(userData, 'base64').toString('utf8') : userData['Fn::Base64'];
    if (typeof text !== 'string') throw new Error(`user data holds tokens: ${JSON.stringify(userData)}`);
    return parseMimeMultipart(text);
  });
}

/** The NodeConfig documents a cloud-config part writes into the nodeadm drop-in directory. */
export function nodeadmDropIns(parts: MimePart[]): Array<Record<string, any>> {
  return parts
    .filter((p) => p.contentType.startsWith('text/cloud-config'))
    .flatMap((p) => (parse(p.body).write_files ?? []) as Array<{ path: string; content: string }>)
    .filter((f) => f.path.startsWith('/etc/eks/nodeadm.d/'))
    .map((f) => parse(f.content));
}

/**
 * The one template decoder: a CloudFormation string value (a literal, or an Fn::Join around deploy-time values) as
 * text, each deploy-time part replaced by `standIn`.
 */
export function cfnText(value: unknown, standIn = '<token>'): string {
  if (typeof value === 'string') return value;
  const parts = (value as any)?.['Fn::Join']?.[1];
  if (!Array.isArray(parts)) throw new Error(`not a CloudFormation string: ${JSON.stringify(value)}`);
  return parts.map((p: unknown) => (typeof p === 'string' ? p : standIn)).join('');
}

/** A CloudFormation JSON string value parsed, each deploy-time part shown as the string "<token>". */
export function cfnJson(value: unknown): any {
  return JSON.parse(typeof value === 'string' ? value : cfnText(value, '<token>'));
}
