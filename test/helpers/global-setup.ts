// Placeholder: the foundation work replaces this with the template-database setup.
export const setup = async (): Promise<void> => {};
