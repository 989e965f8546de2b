import { memo, useMemo } from 'react';
import { tokenizeXml } from '../xml-tokens';
import { detailTestIds } from '../test-ids';

/** The domain XML, read-only and highlighted: every token is a text node in a span (nothing is parsed as HTML). */
export const XmlView = memo(function XmlView(props: { readonly xml: string }) {
  const tokens = useMemo(() => tokenizeXml(props.xml), [props.xml]);
  return (
    <pre className="xml" data-testid={detailTestIds.xml} aria-label="Domain XML" tabIndex={0}>
      <code>
        {tokens.map((token, index) =>
          token.kind === 'text' ? (
            token.text
          ) : (
            // Index keys: the list is rebuilt whole when the XML changes, never reordered.
            <span key={index} className={`xml__${token.kind}`}>
              {token.text}
            </span>
          ),
        )}
      </code>
    </pre>
  );
});
