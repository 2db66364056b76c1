export default {
  async fetch(request) {
    let order;
    try {
      order = await request.json();
    } catch (e) {
      return Response.json({ error: "body must be JSON" }, { status: 400 });
    }
    const items = Array.isArray(order.items) ? order.items : [];
    return Response.json({
      count: items.length,
      total: items.reduce((sum, i) => sum + i.price * i.qty, 0),
      names: items.map(i => String(i.name).toUpperCase()),
    });
  }
};
