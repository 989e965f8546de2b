import { promptTestIds } from './test-ids';

/** Why main refused an answer (the prompt stays open), as it said it. */
export function PromptError({ message }: { readonly message: string | null }) {
  if (message === null) return null;
  return (
    <div className="banner banner--error" role="alert" data-testid={promptTestIds.error}>
      {message}
    </div>
  );
}
