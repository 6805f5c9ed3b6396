/** The API's timestamps are Unix seconds (soracom-facts: "Times look like Unix seconds"). */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
