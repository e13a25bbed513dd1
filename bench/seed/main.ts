// The seed as a CDK-for-Terraform app with N instances of its construct in one stack: what
// `bench/compare.sh` measures against `synth --instance ...` of the port. N is the first argument.
import { App, TerraformStack } from 'cdktf';

// Node's global, declared here rather than adding @types/node to the pinned set.
declare const process: { argv: string[] };
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BackupInfrastructureStack } from './lib/backup-infrastructure-stack';

const n = parseInt(process.argv[2] ?? '1', 10);
const app = new App({ outdir: process.argv[3] ?? 'cdktf.out' });
const stack = new TerraformStack(app, 'seed');
new AwsProvider(stack, 'aws', { region: 'us-east-1' });
for (let i = 0; i < n; i++) {
  new BackupInfrastructureStack(stack, n === 1 ? 'backup-infra' : `backup-infra-${i}`, {
    region: 'us-east-1',
    environmentSuffix: n === 1 ? 'dev' : `e${i}`,
  });
}
app.synth();
