/** `<domain>.<data-product>.v<major>`: the topic behind a data product's stream. */
export function topicName(domain: string, product: string, major: number): string {
  return `${domain}.${product}.v${major}`;
}

/** The dead-letter topic of a consumer: where records it cannot use go, with the reason. */
export function deadLetterTopic(consumerDomain: string, consumerProduct: string): string {
  return `${consumerDomain}.${consumerProduct}.dead-letters`;
}
