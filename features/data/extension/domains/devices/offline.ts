import { readStructured, type ComposeInput } from '../compose.ts';
import { DevicesOutputSchema } from './server.ts';

/** Answers from `list_devices`: every handset with its price and monthly instalment. */
export async function composeDevicesAnswer({ tools }: ComposeInput): Promise<string> {
  const result = await tools.callTool('list_devices', {});
  if (result.isError) return `Sorry, I couldn't read the handsets on sale. ${result.text}`;
  const { devices } = readStructured(tools, 'list_devices', result, DevicesOutputSchema);
  return [
    'The handsets on sale:',
    '',
    '| model | price | per month |',
    '| --- | --- | --- |',
    ...devices.map((d) => `| ${d.model} | ${d.price_eur.toFixed(2)} EUR | ${d.monthly_eur.toFixed(2)} EUR |`),
  ].join('\n');
}
