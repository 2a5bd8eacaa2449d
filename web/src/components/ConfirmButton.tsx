/**
 * A destructive action asks once: a native modal <dialog> (focus moves into it and Escape closes
 * it, as the platform does), with the question in words and the action named on its button.
 */
import { useId, useRef, type ReactNode } from 'react';

export function ConfirmButton({
  label,
  question,
  confirmLabel = label,
  onConfirm,
  danger = true,
  disabled = false,
  children,
}: {
  label: string;
  question: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void | Promise<void>;
  danger?: boolean;
  disabled?: boolean;
  children?: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button type="button" className={danger ? 'danger' : undefined} disabled={disabled} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} className="confirm">
        <form method="dialog">
          <p id={titleId}>{question}</p>
          {children}
          <div className="actions">
            <button type="submit" value="cancel" autoFocus>
              Cancel
            </button>
            <button
              type="button"
              className={danger ? 'danger' : 'primary'}
              onClick={() => {
                dialog.current?.close();
                void onConfirm();
              }}
            >
              {confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
