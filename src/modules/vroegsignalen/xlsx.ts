/** The xlsx intake is shared infrastructure now (src/shared/xlsx.ts): the bailiff's batch check reads xlsx too. */
export * from '../../shared/xlsx.ts';
