/** The cross-domain query the benchmarks time: a chart (insights) with episodes and hosts (podcasts, artists) and listeners' countries (listeners). */
export const CHARTS_QUERY = /* GraphQL */ `
  query ChartsAcrossTheMesh($country: String!, $first: Int!) {
    topCharts(country: $country, first: $first) {
      edges {
        node {
          rank
          plays
          episode {
            title
            podcast { title host { name royalties { amount currency } } }
            plays(first: 3) { edges { node { device listener { country } } } }
          }
        }
      }
    }
  }
`;

/** A request body of the charts query for one country and page size. */
export const chartsQueryBody = (country: string, first: number): string => JSON.stringify({ query: CHARTS_QUERY, variables: { country, first } });

/** The subscription the subscription benchmarks hold: every play with cross-domain fields (podcasts, artists, listeners). */
export const PLAYS_SUBSCRIPTION = /* GraphQL */ `
  subscription PlaysAcrossTheMesh {
    episodePlayed {
      cursor
      play { id occurredAt episode { title podcast { title host { name } } } listener { country } }
    }
  }
`;

/** Gateways that serve graphql-ws subscriptions in the benchmarks, with their labels. */
export const SUBSCRIPTION_GATEWAYS = ['meshgraph', 'hive'] as const;
export type SubscriptionGateway = (typeof SUBSCRIPTION_GATEWAYS)[number];
export const SUBSCRIPTION_GATEWAY_LABELS: Record<SubscriptionGateway, string> = { meshgraph: 'meshgraph', hive: '@graphql-hive/gateway' };
