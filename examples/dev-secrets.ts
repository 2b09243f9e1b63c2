/**
 * Secrets for local development only (`npm start`). They match the example
 * rules in examples/rules.json. Never use them in a deployment.
 */
export const DEV_SECRETS: Record<string, string> = {
  HOOKGATE_ORIGIN_SECRET: "whsec_ZGV2LW9yaWdpbi1zZWNyZXQtZm9yLWxvY2FsLXVzZQ==",
  GITHUB_WEBHOOK_SECRET: "dev-github-secret",
  STRIPE_WEBHOOK_SECRET: "whsec_dev_stripe_secret",
  STANDARD_WEBHOOK_SECRET: "whsec_ZGV2LXN0YW5kYXJkLXdlYmhvb2tzLXNlY3JldA==",
  ACME_WEBHOOK_SECRET: "dev-acme-secret",
};
