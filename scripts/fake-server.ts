/**
 * Runs the fake Replicate server until Ctrl-C, for trying the app (or curl) against it:
 *
 *   npm run fake-server -- --port 8787 --any-token --prediction-ms 3000
 *
 * Flags: --port N, --token T, --any-token, --prediction-ms N, --shape prediction|images.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type FakeReplicateOptions, startFakeReplicate } from '../fake-server/fake-replicate';

const USAGE =
  'usage: tsx scripts/fake-server.ts [--port N] [--token T] [--any-token] [--prediction-ms N] [--shape prediction|images]';

const flagsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).optional(),
  token: z.string().min(1).optional(),
  'any-token': z.boolean().optional(),
  'prediction-ms': z.coerce.number().int().min(0).optional(),
  shape: z.enum(['prediction', 'images']).optional(),
  help: z.boolean().optional(),
});

function parseFlags(argv: string[]): z.infer<typeof flagsSchema> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      token: { type: 'string' },
      'any-token': { type: 'boolean' },
      'prediction-ms': { type: 'string' },
      shape: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  return flagsSchema.parse(values);
}

async function main(): Promise<void> {
  let flags: z.infer<typeof flagsSchema>;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
    console.error(`${message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const options: FakeReplicateOptions = {
    port: flags.port,
    token: flags.token,
    acceptAnyToken: flags['any-token'],
    predictionMs: flags['prediction-ms'],
    responseShape: flags.shape,
  };
  const fake = await startFakeReplicate(options);
  fake.onPredictionSucceeded = (id) => console.log(`prediction ${id} succeeded`);
  console.log(`Fake Replicate API:  ${fake.baseUrl}`);
  console.log(`Outputs origin:      ${fake.outputsOrigin}`);
  console.log(`Token:               ${flags['any-token'] ? 'any non-empty token' : fake.token}`);
  console.log('Press Ctrl-C to stop.');

  const stop = (): void => {
    fake.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
