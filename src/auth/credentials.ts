/** Ready-made API key and token (from `POST /v1/auth` or soracom-cli); they cannot be renewed. */
export type ApiKeyCredentials = { apiKey: string; token: string };

export type Credentials = ApiKeyCredentials;
