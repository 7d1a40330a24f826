import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { IConstruct } from 'constructs';
import { NetkitValidationError } from './validation-error';

/** Constructs that apply manifests or patches need the cluster's kubectl provider: say so the same way everywhere. */
export function requireKubectlProvider(
  scope: IConstruct,
  cluster: eks.ICluster,
  what: string,
  alternative?: string,
): void {
  if (cluster.kubectlProvider) return;
  throw new NetkitValidationError(
    `${what}, but cluster ${cluster.node.path} has no kubectl provider; create the cluster with kubectlProviderOptions ` +
      '(e.g. { kubectlLayer: new KubectlV35Layer(this, "Kubectl") }), or import it with a kubectlProvider' +
      (alternative ? `, ${alternative}` : ''),
    scope,
  );
}
