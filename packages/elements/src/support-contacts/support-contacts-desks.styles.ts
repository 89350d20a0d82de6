import { css } from 'lit';

/** The looks of the contact desks (`support-contacts-desks.ts`). */
export const supportContactsDesksStyles = css`
  [part='desk'] {
    padding: calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .desk-topic {
    margin: 0 0 var(--_space);
    font-size: 1em;
    font-weight: 700;
  }
  [part='desk-name'] {
    margin: 0 0 var(--_space);
  }
  dl {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: calc(var(--_space) / 2) calc(var(--_space) * 2);
    margin: 0;
  }
  dt {
    color: var(--_text-muted);
  }
  dd {
    margin: 0;
  }
  a {
    color: var(--_primary);
  }
  @media (max-width: 22rem) {
    dl {
      grid-template-columns: minmax(0, 1fr);
    }
    dd {
      margin-block-end: var(--_space);
    }
  }
`;
