/** What a page says about the last thing it did: a failure is an alert, anything else a status. */
export interface Message {
  text: string;
  error: boolean;
}

/** The page's message, read out by screen readers (at once when it is an error); nothing when there is none. */
export function Notice({ message, testId }: { message: Message | undefined; testId: string }) {
  if (!message) return null;
  return (
    <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : 'notice'} data-testid={testId}>
      {message.text}
    </p>
  );
}
