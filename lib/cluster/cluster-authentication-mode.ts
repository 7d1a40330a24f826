/** How the cluster authenticates IAM principals (the cluster's `accessConfig.authenticationMode`). */
export enum ClusterAuthenticationMode {
  /** Access entries only. aws-eks-v2 creates every cluster in this mode. */
  API = 'API',
  /** Access entries and the aws-auth ConfigMap. */
  API_AND_CONFIG_MAP = 'API_AND_CONFIG_MAP',
  /** The aws-auth ConfigMap only: the scraper's role must be mapped there by hand. */
  CONFIG_MAP = 'CONFIG_MAP',
}
