// The dashboard benchmark's baseline: a bare Ink app (same ink/react as golem) that draws one line and idles.
import React from 'react';
import {render, Text} from 'ink';

render(React.createElement(Text, null, 'ink-hello: first frame'));
setInterval(() => {}, 60_000);
