module.exports = require('../../scripts/build/nest-service.webpack.js')(__dirname, 'compliance-workflow');
