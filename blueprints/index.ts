/**
 * The catalogue and the planner: blueprints/<name>/<version>.yaml loaded and checked, and a tenant's stack file,
 * the catalogue and the platform file turned into a TenantPlan (pure data) or an InputError with every mistake.
 */
export { loadCatalog, type Catalog, type CatalogEntry } from "./catalog";
export { publishedEditProblem, publishedEdits } from "./published";
export { catalogFiles, fleetFiles, planBlueprint, planTenant, readFleet, validateFleet } from "./plan";
export {
    isPlanInterpolation,
    isPlanRef,
    type ComponentPlan,
    type Footprint,
    type PlanRef,
    type PlanValue,
    type ServicePlan,
    type TenantPlan,
} from "./planTypes";
