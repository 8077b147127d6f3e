package com.fleetfusion.store.service;

import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.store.rest.TenantStoreException;

/** A reconciliation run is already going on, here or on another replica (409). */
public class ReconciliationRunningException extends TenantStoreException {

    public ReconciliationRunningException(String where) {
        super(ProblemType.RECONCILIATION_RUNNING,
                "A reconciliation run is in progress on " + where + "; GET /admin/reconcile there follows it.");
    }
}
