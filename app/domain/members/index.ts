// The staff's member 360° view: segments (new, engaged, loyal, champion, at risk, inactive) and the sentiment trend.
export * from "./segment";
export * from "./cursor";
