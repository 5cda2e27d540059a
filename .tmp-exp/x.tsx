import React from 'react';
import {Box, Text} from 'ink';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
const names = ['東京-node 🚀', '🇩🇪 Berlin', '👨‍💻dev', 'e\u0301clair'];
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - stringWidth(s)));
const {lastFrame} = render(<Box flexDirection="column">{names.map((n) => <Text key={n}>{'│' + pad(n, 14) + '│' + pad('x', 3) + '│'}</Text>)}</Box>);
for (const l of lastFrame()!.split('\n')) console.log(JSON.stringify(l), stringWidth(l));
