/** The two SQL dialects of the one store implementation; a leaf, so that migrations and the store's modules import it without a loop. */
export type Dialect = 'sqlite' | 'postgres';
