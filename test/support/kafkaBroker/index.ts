/** A Kafka-wire-protocol broker for tests: real kafkajs clients talk to it over real TCP. */
export { startKafkaTestBroker, type KafkaTestBroker, type KafkaTestBrokerOptions } from './startKafkaTestBroker.ts';
