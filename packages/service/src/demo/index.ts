export {
  createDemoTenant,
  DEMO_STAFF_TOKEN,
  DEMO_TENANT_ID,
  demoCatalog,
  demoTenant,
  demoTenantSettings,
  parkingFeeWindows,
  type DemoTenantOptions,
} from './tenant.js';
export {
  createDemoAccounts,
  createDemoRoster,
  DEMO_STUDENTS,
  demoAccounts,
  demoRoster,
} from './roster.js';
