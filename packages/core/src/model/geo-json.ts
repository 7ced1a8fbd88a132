import * as z from "zod";

/** `[longitude, latitude]` in WGS 84 (or GCJ-02, consistently), as GeoJSON orders them. */
export const PositionSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export type Position = z.infer<typeof PositionSchema>;

const RingSchema = z
  .array(PositionSchema)
  .min(4)
  .max(100_000)
  .refine((r) => r.length < 4 || (r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1]), {
    params: {
      code: "geo.ring_not_closed",
      zh: "多边形的环必须首尾相同（闭合）",
      en: "a polygon ring must end where it starts",
    },
  });

/** A GeoJSON Point. */
export const PointSchema = z.strictObject({ type: z.literal("Point"), coordinates: PositionSchema });
export type Point = z.infer<typeof PointSchema>;

/** A GeoJSON Polygon: an outer ring and optional holes. */
export const PolygonSchema = z.strictObject({
  type: z.literal("Polygon"),
  coordinates: z.array(RingSchema).min(1).max(1_000),
});
export type Polygon = z.infer<typeof PolygonSchema>;

/** A GeoJSON MultiPolygon. */
export const MultiPolygonSchema = z.strictObject({
  type: z.literal("MultiPolygon"),
  coordinates: z.array(z.array(RingSchema).min(1).max(1_000)).min(1).max(1_000),
});
export type MultiPolygon = z.infer<typeof MultiPolygonSchema>;

/** A boundary: Polygon or MultiPolygon. */
export const BoundarySchema = z.discriminatedUnion("type", [PolygonSchema, MultiPolygonSchema]);
export type Boundary = z.infer<typeof BoundarySchema>;
