/** A person or team and how to reach them. */
export interface Contact {
  name: string;
  email: string;
}
