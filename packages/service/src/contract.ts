/**
 * The one place the service reaches into the SDK: the contract (endpoint table, zod schemas,
 * response types). Everything else imports from here, so a change to how the SDK exports its
 * contract touches one line.
 */
export {
  API_ERROR_CODES,
  ApiErrorBody,
  IdempotencyKey,
  endpoints,
  type ApiErrorCode,
  type CatalogEntry as ContractCatalogEntry,
  type Delivery as ContractDelivery,
  type EndpointDefinition,
  type EndpointName,
  type Endpoints,
  type FieldProblem,
  type LineProblem,
  type Order as ContractOrder,
  type OrderLine as ContractOrderLine,
  type Payment as ContractPayment,
  type PaymentNextStep,
  type ResponseOf,
  type SessionView,
  type StudentProfile,
  type TenantInfo,
} from '@shomei/sdk';
