import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, AppProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parse } from 'yaml';
import { MimePart, parseMimeMultipart } from '../lib/bootstrap/mime';

/**
 * An app for unit tests: stack traces off, and one output directory per jest worker, so the assets every cluster
 * stages (the 35 MB kubectl layer) are copied once rather than into a new temporary directory per synth.
 */
export function testApp(props: AppProps = {}): App {
  return new App({
    stackTraces: false,
    outdir: path.join(tmpdir(), `cdk-eks-netkit-jest-${process.env.JEST_WORKER_ID ?? '0'}`),
    ...props,
  });
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
