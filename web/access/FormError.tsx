/** The gateway's refusal, shown where the viewer looks: next to the input it is about, or above the button. Empty when there is none. */
export function FormError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} class="form-error" role="alert">
      {message}
    </p>
  );
}
