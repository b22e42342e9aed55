import type { ComponentChildren } from 'preact';

/**
 * A tiny Markdown renderer for TEXT materials: headings, paragraphs, lists, emphasis, code and
 * links. It builds Preact elements, never HTML strings, so every character of the source ends up
 * as text (no innerHTML): an author's `<script>` is shown, not run. Links keep only http(s) and
 * mailto addresses. Anything else is shown as the plain text it is.
 */
export function Markdown({ source }: { source: string }) {
  return <div class="prose">{blocks(source)}</div>;
}

const SAFE_URL = /^(https?:\/\/|mailto:)/i;
// Code first (nothing inside it is Markdown), then links, strong, emphasis.
const INLINE = /`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|\*\*(.+?)\*\*|__(.+?)__|\*(.+?)\*|_(.+?)_/;

function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let rest = text;
  while (rest) {
    const match = INLINE.exec(rest);
    if (!match) {
      out.push(rest);
      break;
    }
    if (match.index > 0) out.push(rest.slice(0, match.index));
    const [whole, code, label, href, strong, strong2, em, em2] = match;
    if (code !== undefined) out.push(<code>{code}</code>);
    else if (label !== undefined)
      out.push(
        SAFE_URL.test(href) ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {inline(label)}
          </a>
        ) : (
          label
        ),
      );
    else if ((strong ?? strong2) !== undefined) out.push(<strong>{inline(strong ?? strong2)}</strong>);
    else out.push(<em>{inline(em ?? em2)}</em>);
    rest = rest.slice(match.index + whole.length);
  }
  return out;
}

function blocks(source: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  const flush = () => {
    if (paragraph.length) out.push(<p>{inline(paragraph.join(' '))}</p>);
    paragraph = [];
    if (list) {
      const items = list.items.map((item) => <li>{inline(item)}</li>);
      out.push(list.ordered ? <ol>{items}</ol> : <ul>{items}</ul>);
    }
    list = undefined;
  };
  for (const line of lines) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (!line.trim()) flush();
    else if (heading) {
      flush();
      // The page's h1 is the material's title: the body's headings sit below it.
      const level = Math.min(6, heading[1].length + 1);
      const Tag = `h${level}` as 'h2';
      out.push(<Tag>{inline(heading[2])}</Tag>);
    } else if (bullet || numbered) {
      const ordered = !bullet;
      if (paragraph.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)![1]);
    } else if (list && /^\s+\S/.test(line)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      if (list) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return out;
}
