import type { listeningEn } from "./listening.en";

type Shape<T> = { [K in keyof T as K extends `${string}_one` ? never : K]: T[K] extends string ? string : Shape<T[K]> };

export const listeningVi: Shape<typeof listeningEn> = {
  sentiment: { pos: "Tích cực", neg: "Tiêu cực", neu: "Trung lập" },
};
