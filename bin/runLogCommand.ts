import { readEventLogConfig, readLogLevel, DEFAULT_DATA_DIR, type Env } from '../config/index.ts';
import { checkDataDir, repairDataDir, type DataDirReport, type PartitionReport } from '../eventlog/embedded/index.ts';
import { createLogger } from '../logger/index.ts';

/** How `meshgraph log` is called. */
export const LOG_USAGE = `Usage:
  meshgraph log verify [--data-dir D]   check every segment, index and frame of the embedded log; exit code 1 on damage
  meshgraph log repair [--data-dir D]   move damaged bytes aside, cut torn tails, rebuild indexes (refused for a topic
                                        a running process appends to)
D defaults to MESHGRAPH_DATA_DIR, else .data/ in the project.`;

/**
 * `meshgraph log verify|repair`: checks or mends the embedded log's data
 * folder, printing a report on stdout. Returns the exit code: 0 when all is
 * well, 1 when `verify` found damage or `repair` was refused for a topic,
 * 2 for a usage error.
 */
export async function runLogCommand(args: readonly string[], env: Env, out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const [action, ...rest] = args;
  let dataDir: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--data-dir' && rest[i + 1] !== undefined) dataDir = rest[++i];
    else if (rest[i]?.startsWith('--data-dir=')) dataDir = rest[i]!.slice('--data-dir='.length);
    else return usage(out, `Unknown argument "${rest[i]}".`);
  }
  dataDir ??= embeddedDataDir(env);
  switch (action) {
    case 'verify': {
      const report = await checkDataDir(dataDir);
      out(formatReport(report));
      return report.partitions.some((p) => p.damage.length > 0) ? 1 : 0;
    }
    case 'repair': {
      const logger = createLogger({ component: 'log repair', level: readLogLevel(env) });
      const repairs = await repairDataDir(dataDir, logger);
      for (const repair of repairs) {
        if (repair.status === 'refused') out(`REFUSED ${repair.topic}: ${repair.reason}\n`);
        else if (repair.moved.length === 0) out(`ok ${repair.topic}: nothing damaged; torn tails cut and indexes written\n`);
        else for (const moved of repair.moved) out(`repaired ${repair.topic}: ${moved.bytes} damaged bytes (offsets ${moved.firstOffset} to ${moved.endOffset - 1}) moved to ${moved.file}\n`);
      }
      out(formatReport(await checkDataDir(dataDir)));
      return repairs.some((repair) => repair.status === 'refused') ? 1 : 0;
    }
    default:
      return usage(out, action === undefined ? 'meshgraph log needs verify or repair.' : `Unknown log command "${action}".`);
  }
}

function embeddedDataDir(env: Env): string {
  const config = readEventLogConfig({ ...env, KAFKA_BROKERS: undefined });
  return config.kind === 'embedded' ? config.dataDir : DEFAULT_DATA_DIR;
}

function usage(out: (text: string) => void, problem: string): number {
  out(`${problem}\n${LOG_USAGE}\n`);
  return 2;
}

/** The report `verify` prints: a line per partition, one per problem, and a summary. */
export function formatReport(report: DataDirReport): string {
  const lines = [`embedded log at ${report.dataDir}`];
  for (const p of report.partitions) {
    lines.push(
      `${p.topic} partition ${p.partition}: ${p.records} records, offsets ${p.earliestOffset} to ${p.endOffset - 1}, ${p.segments} segments, ${p.bytes} bytes`,
    );
    lines.push(...problems(p).map((problem) => `  ${problem}`));
  }
  const damaged = report.partitions.reduce((sum, p) => sum + p.damage.length, 0);
  const torn = report.partitions.filter((p) => p.tail).length;
  const indexes = report.partitions.reduce((sum, p) => sum + p.indexProblems.length, 0);
  const records = report.partitions.reduce((sum, p) => sum + p.records, 0);
  lines.push(
    `${damaged === 0 ? 'OK' : 'DAMAGED'}: ${report.topics.length} topics, ${report.partitions.length} partitions, ${records} records, ${damaged} damaged ranges, ${torn} torn tails, ${indexes} index problems`,
  );
  if (damaged > 0) lines.push('Readers skip damaged records; `meshgraph log repair` moves their bytes aside (the offsets stay used).');
  return `${lines.join('\n')}\n`;
}

function problems(p: PartitionReport): string[] {
  return [
    ...p.damage.map(
      (d) => `DAMAGED bytes ${d.fromByte} to ${d.toByte} of ${d.file}: offsets ${d.firstOffset} to ${d.endOffset - 1} cannot be read (${d.reason})`,
    ),
    ...(p.tail ? [`torn tail: ${p.tail.bytes} bytes after the last record (${p.tail.reason}); the next appender cuts it, unless it is a write in progress`] : []),
    ...p.indexProblems.map((i) => `index ${i.file}: ${i.problem} (rebuilt from its segment)`),
  ];
}
