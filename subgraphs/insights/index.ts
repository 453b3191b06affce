export { createInsightsDomain } from './createInsightsDomain.ts';
export { InsightStore } from './insightStore.ts';
export { CHART_SIZE } from './chartBook.ts';
export { segmentOf } from './engagementLedger.ts';
