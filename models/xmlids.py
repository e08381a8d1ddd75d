def cached_ref(env, xmlid):
    """The record of ``xmlid``, browsed by the id the registry caches: ``env.ref``
    also queries that it still exists, on every call of a move."""
    model, res_id = env["ir.model.data"]._xmlid_to_res_model_res_id(
        xmlid, raise_if_not_found=True
    )
    return env[model].browse(res_id)
