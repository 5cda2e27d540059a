/**
 * `L`: the session's event log (issue 13 item 7), newest at the bottom, one line each — `14:03:07 ✔ Destroyed web-1.
 * Refund: …` — with a glyph per tone so it reads without colour (✔ done, ✖ error, ! warning, · info). It takes the
 * body's lines like a dialog and scrolls (↑/↓, PgUp/PgDn, g/G); Esc or `L` closes it.
 */
import {Text} from 'ink';
import {useLayout} from '../app/layout-context.js';
import {ModalFrame} from '../components/modal-frame.js';
import {ScrollView} from '../components/scroll-view.js';
import {theme} from '../theme.js';
import {useEventLog} from './event-log-context.js';
import {formatEventTime, type EventTone} from './event-log.js';

const GLYPHS: Record<EventTone, string> = {success: '✔', error: '✖', warning: '!', info: '·'};

function toneColor(tone: EventTone) {
  return tone === 'success' ? theme.status.success : tone === 'error' ? theme.status.error : tone === 'warning' ? theme.status.warning : theme.text.secondary;
}

/** The log overlay; `isActive` gates its scroll keys. */
export function EventLogView({isActive}: {readonly isActive: boolean}) {
  const events = useEventLog();
  const layout = useLayout();
  // The frame's border (2) and title (1) come out of the body's lines.
  const height = Math.max(1, layout.bodyRows - 3);
  const rows = events.map((event) => ({
    key: String(event.id),
    node: (
      <Text wrap="truncate-end">
        <Text color={theme.text.secondary}>{`${formatEventTime(event.at)} `}</Text>
        <Text color={toneColor(event.tone)}>{`${GLYPHS[event.tone]} `}</Text>
        <Text>{event.text}</Text>
      </Text>
    ),
  }));
  return (
    <ModalFrame title={`Event log · this session (${events.length}) · Esc or L closes`}>
      {rows.length === 0 ? (
        <Text color={theme.text.secondary}>Nothing yet: operations, monitor top-ups and warnings, errors, SSH sessions and forwards show here.</Text>
      ) : (
        <ScrollView rows={rows} height={height} isActive={isActive} startAtEnd />
      )}
    </ModalFrame>
  );
}
