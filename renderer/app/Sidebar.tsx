import { SECTIONS, useNavigationStore } from './navigation-store';
import { testIds } from '../testIds';

/** The section list; sections whose backend does not exist yet are disabled and say why. */
export function Sidebar() {
  const current = useNavigationStore((s) => s.section);
  const select = useNavigationStore((s) => s.select);
  return (
    <nav className="sidebar" aria-label="Sections">
      <ul>
        {SECTIONS.map((section) => {
          const disabled = section.unavailable !== null;
          return (
            <li key={section.id}>
              <button
                type="button"
                className="sidebar__item"
                data-testid={testIds.navItem(section.id)}
                aria-current={current === section.id ? 'page' : undefined}
                aria-disabled={disabled || undefined}
                title={section.unavailable ?? undefined}
                onClick={() => select(section.id)}
              >
                <span>{section.label}</span>
                {disabled && <span className="sidebar__soon">not yet</span>}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
