import type { DataProductFigures, InputFigure } from '../../schema/index.ts';
import type { TopicConsumer } from './createTopicConsumer.ts';

/**
 * The figures of a data product fed by topic consumers: events in, dead
 * letters and quality measured at its main input port, and what every input
 * topic delivered (the main one first).
 */
export function inputFigures(main: TopicConsumer, ...others: readonly ({ input(): InputFigure } | undefined)[]): Pick<DataProductFigures, 'eventsIn' | 'deadLetters' | 'inputs' | 'quality'> {
  const { eventsIn, deadLetters, quality } = main.figures();
  return {
    eventsIn,
    deadLetters,
    inputs: [main, ...others].flatMap((consumer) => (consumer ? [consumer.input()] : [])),
    ...(quality ? { quality } : {}),
  };
}
